import { render } from "preact";
import { App } from "./components/App";
import { setLang, systemLang } from "./i18n";
import { applySettings, loadSettings } from "./settings";
import { isBenign } from "./errors";
// The base and theme first, then each area; where two areas' rules tie, the later file wins.
import "./styles.css";
import "./library.css";
import "./reader.css";
import "./editor.css";
import "./margin.css";
import "./panels.css";
import "./debate.css";
import "./import.css";
import "./palette.css";
import "./notebook.css";

// Theme and language before the first paint, so a dark-theme user never sees a white flash.
const initial = loadSettings();
applySettings(initial);
setLang(initial.lang ?? systemLang());

// A bug must not leave the user in front of a blank window: show what failed, as text.
function showFatal(message: string) {
  const box = document.createElement("pre");
  box.className = "fatal";
  box.textContent = `Zhaji hit an internal error:\n${message}`;
  document.body.append(box);
  document.documentElement.dataset.error = message;
}

// Except the engine's warnings that are not failures (errors.ts).
window.addEventListener("error", (e) => {
  if (isBenign(e.message ?? "")) return;
  showFatal(`${e.message} (${e.filename}:${e.lineno})`);
});
window.addEventListener("unhandledrejection", (e) => showFatal(String(e.reason?.stack ?? e.reason)));

try {
  render(<App />, document.getElementById("app")!);
} catch (e) {
  showFatal(e instanceof Error ? `${e.message}\n${e.stack}` : String(e));
}
