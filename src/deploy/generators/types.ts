/** What every generator returns: files with a relative path and their text. */
export interface GeneratedFile {
  /** Relative path under `--out` (e.g. `k8s/ai-service.yaml`). */
  path: string;
  content: string;
  /** One line for the CLI: what the file is and how to use it. */
  description: string;
}
