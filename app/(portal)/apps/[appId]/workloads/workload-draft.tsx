"use client";

import { createContext, useContext, useState, type ReactNode } from "react";

interface Draft {
  text: string;
  setText: (text: string) => void;
}

const DraftContext = createContext<Draft | null>(null);

/**
 * The Score text being edited, shared by the editor and the panels beside it (which live in
 * the server page's layout, so they cannot receive it as a prop from the editor).
 */
export function WorkloadDraft({ initial, children }: { initial: string; children: ReactNode }) {
  const [text, setText] = useState(initial);
  return <DraftContext.Provider value={{ text, setText }}>{children}</DraftContext.Provider>;
}

export function useWorkloadDraft(): Draft {
  const draft = useContext(DraftContext);
  if (!draft) throw new Error("useWorkloadDraft needs a <WorkloadDraft> around it");
  return draft;
}
