/** Reports a problem at `path` (relative to the environment, or to the list for cross-environment rules); `message` ends with "Fix: ...". */
export type AddProblem = (path: (string | number)[], message: string) => void;
