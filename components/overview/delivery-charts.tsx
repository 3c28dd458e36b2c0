"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DeliveryBucket } from "@/lib/server/data/delivery-metrics";

const axis = { fontSize: 11, fill: "#71717a" };

/** Deployments per bucket (succeeded and failed, stacked) and the median lead time of the changes that landed. */
export function DeliveryCharts({ series, bucket }: { series: DeliveryBucket[]; bucket: "day" | "week" }) {
  const data = series.map((b) => ({ ...b, label: b.start.slice(5), leadTimeHours: b.leadTimeHours === null ? null : Number(b.leadTimeHours.toFixed(2)) }));
  return (
    <div className="grid gap-6 lg:grid-cols-2" data-testid="delivery-charts">
      <figure>
        <figcaption className="mb-2 text-xs font-medium text-zinc-500">Deployments per {bucket} (frequency and failures)</figcaption>
        <div className="h-56">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={axis} interval="preserveStartEnd" />
              <YAxis allowDecimals={false} tick={axis} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 11 }} />
              <Bar dataKey="succeeded" stackId="d" fill="#10b981" name="succeeded" isAnimationActive={false} />
              <Bar dataKey="failed" stackId="d" fill="#ef4444" name="failed" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure>
        <figcaption className="mb-2 text-xs font-medium text-zinc-500">Median lead time per {bucket} (hours, version created → deployed)</figcaption>
        <div className="h-56">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={axis} interval="preserveStartEnd" />
              <YAxis tick={axis} />
              <Tooltip />
              <Line type="monotone" dataKey="leadTimeHours" stroke="#3b55e0" name="lead time (h)" connectNulls dot isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
