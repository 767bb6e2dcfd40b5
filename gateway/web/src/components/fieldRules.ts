import { createContext } from "react";
import type { FieldRules } from "../api/rules";

/** The served rules of the open document's type; undefined until they are loaded (no client-side checks then). */
export const FieldRulesContext = createContext<FieldRules | undefined>(undefined);

/** Editor paths kept on this device until complete (SyncState.held): shown at their fields, not sent. */
export const HeldContext = createContext<ReadonlySet<string>>(new Set());
