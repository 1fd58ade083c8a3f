import * as path from "path";
import * as vscode from "vscode";
import { expandHome } from "./serverPath";

/** The settings object the server understands (initializationOptions and section `factcheck`). */
export interface ServerSettings {
  corpus?: string[];
  severity: "info" | "warning" | "error";
  debounceMs: number;
  language: "auto" | "de" | "en";
}

const SEVERITIES = ["info", "warning", "error"] as const;
const LANGUAGES = ["auto", "de", "en"] as const;

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/**
 * Reads the `factcheck.*` settings for `scope` and turns them into what the
 * server expects. Corpus entries get `~` and `${workspaceFolder}` expanded and
 * relative paths resolved against the workspace folder. An empty corpus is
 * left out so that the server falls back to `.factcheck.toml`.
 */
export function serverSettings(scope?: vscode.ConfigurationScope): ServerSettings {
  const config = vscode.workspace.getConfiguration("factcheck", scope);
  const folder = folderFor(scope);
  const corpus = (config.get<unknown[]>("corpus") ?? [])
    .filter((entry): entry is string => typeof entry === "string" && entry.trim().length > 0)
    .map((entry) => {
      let p = expandHome(entry.trim().replace(/\$\{workspaceFolder\}/g, folder ?? ""));
      if (!path.isAbsolute(p) && folder) {
        p = path.join(folder, p);
      }
      return p;
    });
  const debounce = config.get<number>("debounceMs");
  const settings: ServerSettings = {
    severity: oneOf(config.get("severity"), SEVERITIES, "info"),
    debounceMs: typeof debounce === "number" && debounce >= 0 ? Math.round(debounce) : 150,
    language: oneOf(config.get("language"), LANGUAGES, "auto"),
  };
  if (corpus.length > 0) {
    settings.corpus = corpus;
  }
  return settings;
}

function folderFor(scope?: vscode.ConfigurationScope): string | undefined {
  let uri: vscode.Uri | undefined;
  if (scope instanceof vscode.Uri) {
    uri = scope;
  } else if (scope && "uri" in scope && scope.uri instanceof vscode.Uri) {
    uri = scope.uri;
  }
  const folder =
    (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === "file" ? folder.uri.fsPath : undefined;
}
