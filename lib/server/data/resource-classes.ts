import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { resourceClasses } from "@/db/schema";

export interface ResourceClassRecord {
  type: string;
  id: string;
  description: string;
  createdAt: string;
  createdBy: string;
}

const columns = { type: resourceClasses.type, id: resourceClasses.id, description: resourceClasses.description, createdAt: resourceClasses.createdAt, createdBy: resourceClasses.createdBy };

/** The organisation's declared classes, by type then id (optionally of one type). */
export function listResourceClasses(db: DbOrTx, orgId: string, type?: string): ResourceClassRecord[] {
  return db
    .select(columns)
    .from(resourceClasses)
    .where(and(eq(resourceClasses.orgId, orgId), ...(type ? [eq(resourceClasses.type, type)] : [])))
    .orderBy(asc(resourceClasses.type), asc(resourceClasses.id))
    .all();
}

export function getResourceClass(db: DbOrTx, orgId: string, type: string, id: string): ResourceClassRecord | undefined {
  return db
    .select(columns)
    .from(resourceClasses)
    .where(and(eq(resourceClasses.orgId, orgId), eq(resourceClasses.type, type), eq(resourceClasses.id, id)))
    .get();
}
