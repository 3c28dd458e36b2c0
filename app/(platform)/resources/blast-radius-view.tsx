import type { BlastRadiusReport } from "@/lib/server/data/blast-radius";

/** Counts first, then the list of (app, env, res_id) whose definition would change. */
export function BlastRadiusView({ report }: { report: BlastRadiusReport }) {
  const { summary, changes } = report;
  return (
    <div className="space-y-2 text-sm" data-testid="blast-radius">
      <p className="font-medium">
        {summary.total === 0
          ? `No resource would switch definition (${report.usages} usage(s) checked).`
          : `${summary.total} resource(s) in ${Object.keys(summary.byEnvironment).length} environment(s) of ${Object.keys(summary.byApp).length} application(s) would switch definition${summary.unmatched ? `; ${summary.unmatched} would match no definition at all` : ""}.`}
      </p>
      {summary.total > 0 ? (
        <>
          <ul className="flex flex-wrap gap-2 text-xs text-zinc-600 dark:text-zinc-400">
            {Object.entries(summary.byTransition).map(([t, n]) => (
              <li key={t} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono dark:bg-zinc-800">
                {t}: {n}
              </li>
            ))}
          </ul>
          <table className="w-full text-xs">
            <thead className="text-left uppercase text-zinc-500">
              <tr>
                <th className="py-1 font-medium">App / environment</th>
                <th className="py-1 font-medium">Resource</th>
                <th className="py-1 font-medium">Now</th>
                <th className="py-1 font-medium">After</th>
                <th className="py-1 font-medium">Known from</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {changes.map((c) => (
                <tr key={`${c.appId}/${c.envId}/${c.type}/${c.class}/${c.resId}`} data-testid="blast-radius-row">
                  <td className="py-1 font-mono">
                    {c.appId}/{c.envId} <span className="text-zinc-500">({c.envType})</span>
                  </td>
                  <td className="py-1 font-mono">
                    {c.resId} <span className="text-zinc-500">{c.type}{c.class !== "default" ? `.${c.class}` : ""}</span>
                  </td>
                  <td className="py-1 font-mono">{c.from ?? "no definition"}</td>
                  <td className="py-1 font-mono">{c.to ?? "no definition"}</td>
                  <td className="py-1 text-zinc-500">{c.sources.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}
