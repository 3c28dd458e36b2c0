import { unknownOperation } from "@/lib/server/api/unknown-operation";

// Every path no other route under /api/v1 serves (Next.js tries the specific routes first).
export const GET = unknownOperation;
export const POST = unknownOperation;
export const PUT = unknownOperation;
export const PATCH = unknownOperation;
export const DELETE = unknownOperation;
