import { first } from "@/db/raw";
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { resourceClasses } from "@/db/tables";

export interface ResourceClassRecord {
  type: string;
  id: string;
  description: string;
  createdAt: string;
  createdBy: string;
}

const columns = { type: resourceClasses.type, id: resourceClasses.id, description: resourceClasses.description, createdAt: resourceClasses.createdAt, createdBy: resourceClasses.createdBy };

/** The organisation's declared classes, by type then id (optionally of one type). */
export async function listResourceClasses(db: DbOrTx, orgId: string, type?: string): Promise<ResourceClassRecord[]> {
  return await db
    .select(columns)
    .from(resourceClasses)
    .where(and(eq(resourceClasses.orgId, orgId), ...(type ? [eq(resourceClasses.type, type)] : [])))
    .orderBy(asc(resourceClasses.type), asc(resourceClasses.id));
}

export async function getResourceClass(db: DbOrTx, orgId: string, type: string, id: string): Promise<ResourceClassRecord | undefined> {
  return await first(db
    .select(columns)
    .from(resourceClasses)
    .where(and(eq(resourceClasses.orgId, orgId), eq(resourceClasses.type, type), eq(resourceClasses.id, id))));
}
