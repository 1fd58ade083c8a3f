import * as vscode from "vscode";

/** Params of the server's custom `factcheck/status` notification. */
export interface StatusParams {
  state: "indexing" | "ready" | "error";
  articles: number;
  message?: string;
}

export const STATUS_MENU_COMMAND = "factcheck.statusMenu";

function plural(n: number): string {
  return `${n.toLocaleString()} ${n === 1 ? "article" : "articles"}`;
}

/** The status-bar item showing the corpus size and whether it is being indexed. */
export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem("factcheck.status", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "factcheck";
    this.item.command = STATUS_MENU_COMMAND;
    this.starting();
    this.item.show();
  }

  starting(): void {
    this.set("$(loading~spin) factcheck", "factcheck: starting the language server…");
  }

  stopped(reason?: string): void {
    this.set("$(circle-slash) factcheck", reason ?? "factcheck: the language server is not running", true);
  }

  update(params: StatusParams): void {
    const articles = typeof params.articles === "number" ? params.articles : 0;
    switch (params.state) {
      case "indexing":
        this.set(
          `$(sync~spin) factcheck: indexing… ${plural(articles)}`,
          params.message ?? `factcheck: indexing the corpus (${plural(articles)} so far)`,
        );
        break;
      case "ready":
        this.set(
          `$(check) factcheck: ${plural(articles)}`,
          params.message ?? `factcheck: corpus ready, ${plural(articles)} indexed`,
        );
        break;
      case "error":
        this.set(
          "$(error) factcheck",
          `factcheck: ${params.message ?? "indexing the corpus failed"} (${plural(articles)} indexed)`,
          true,
        );
        break;
      default:
        this.set("$(question) factcheck", `factcheck: unknown state ${String(params.state)}`);
    }
  }

  private set(text: string, tooltip: string, error = false): void {
    this.item.text = text;
    this.item.tooltip = `${tooltip}\nClick for factcheck actions.`;
    this.item.backgroundColor = error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
