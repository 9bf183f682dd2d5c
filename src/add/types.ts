export const ADD_KINDS = ["http", "cron", "sqs-consumer", "queue-consumer", "event"] as const;
export type AddKind = (typeof ADD_KINDS)[number];

/** One file `add` writes: `before` undefined for a new file. */
export interface FileChange {
  path: string;
  before: string | undefined;
  after: string;
}

export interface AddPlan {
  /** The config kind that was edited: a SAM template, a wrangler config, a Next.js app. */
  project: string;
  changes: FileChange[];
  /** What the person still has to do by hand, said once the files are written. */
  notes: string[];
}

export interface AddRequest {
  root: string;
  kind: AddKind;
  name: string;
  /** Files as they are now, relative to root; undefined when absent. */
  read(file: string): string | undefined;
  /** Whether a folder exists, relative to root. */
  isDir(dir: string): boolean;
}
