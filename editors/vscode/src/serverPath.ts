import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Where the user can read how to install the server. */
export const INSTALL_DOCS_URL =
  "https://github.com/factcheck/factcheck/blob/main/editors/vscode/README.md#installing-the-server";

export interface ServerLocation {
  command: string;
  /** Where the path came from, for the log. */
  origin: "setting" | "bundled" | "PATH";
}

const exeName = process.platform === "win32" ? "factcheck.exe" : "factcheck";

function isExecutableFile(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** A .vsix may lose the executable bit of a bundled binary: restore it. */
function makeExecutable(file: string): void {
  if (process.platform === "win32") {
    return;
  }
  try {
    const stat = fs.statSync(file);
    if (stat.isFile() && (stat.mode & 0o111) === 0) {
      fs.chmodSync(file, stat.mode | 0o755);
    }
  } catch {
    // missing or read-only: isExecutableFile() decides
  }
}

export function expandHome(p: string): string {
  if (p === "~") {
    return os.homedir();
  }
  if (p.startsWith("~/") || p.startsWith("~\\")) {
    return path.join(os.homedir(), p.slice(2));
  }
  return p;
}

/** Looks `name` up in the directories of `PATH` (and `PATHEXT` on Windows). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? "").split(path.delimiter).filter((d) => d.length > 0);
  const exts =
    process.platform === "win32"
      ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").map((e) => e.toLowerCase())]
      : [""];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

export type Resolution =
  | { ok: true; location: ServerLocation }
  | { ok: false; reason: string };

/**
 * Finds the factcheck binary: the `factcheck.server.path` setting, else the
 * binary bundled in the extension (`server/factcheck[.exe]`), else `factcheck`
 * on `PATH`.
 */
export function resolveServer(
  configuredPath: string | undefined,
  extensionPath: string,
  workspaceFolder: string | undefined,
): Resolution {
  const configured = (configuredPath ?? "").trim();
  if (configured.length > 0) {
    let p = expandHome(configured.replace(/\$\{workspaceFolder\}/g, workspaceFolder ?? ""));
    if (!path.isAbsolute(p) && (p.includes("/") || p.includes("\\"))) {
      p = path.resolve(workspaceFolder ?? process.cwd(), p);
    }
    if (path.isAbsolute(p)) {
      if (isExecutableFile(p)) {
        return { ok: true, location: { command: p, origin: "setting" } };
      }
      return {
        ok: false,
        reason: `The setting factcheck.server.path points to "${p}", which is not an executable file.`,
      };
    }
    // A bare name such as "factcheck-nightly": look it up on PATH.
    const onPath = findOnPath(p);
    if (onPath) {
      return { ok: true, location: { command: onPath, origin: "setting" } };
    }
    return {
      ok: false,
      reason: `The setting factcheck.server.path is "${p}", which was not found on PATH.`,
    };
  }
  const bundled = path.join(extensionPath, "server", exeName);
  makeExecutable(bundled);
  if (isExecutableFile(bundled)) {
    return { ok: true, location: { command: bundled, origin: "bundled" } };
  }
  const onPath = findOnPath("factcheck");
  if (onPath) {
    return { ok: true, location: { command: onPath, origin: "PATH" } };
  }
  return {
    ok: false,
    reason:
      "The factcheck language server was not found: factcheck.server.path is not set, " +
      "no server is bundled with the extension, and `factcheck` is not on PATH.",
  };
}
