// The pairing the app shows in its settings (a port on 127.0.0.1 and a token), kept in the
// extension's local storage.

const ext = globalThis.browser ?? globalThis.chrome;
const form = document.getElementById("pairing");
const port = document.getElementById("port");
const token = document.getElementById("token");
const status = document.getElementById("status");

ext.storage.local.get(["port", "token"]).then((saved) => {
  if (saved.port) port.value = String(saved.port);
  if (saved.token) token.value = saved.token;
  status.textContent = saved.token ? "Paired. 已配对。" : "";
});

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  // Firefox grants a Manifest V3 extension's host permissions only when asked (Chromium at
  // install): without 127.0.0.1 the app's answer could not be read. Asked first, while the click
  // still counts as the reader's.
  const asked = ext.permissions?.request({ origins: ["http://127.0.0.1/*"] });
  asked?.catch(() => undefined);
  const p = Number(port.value.trim());
  if (!Number.isInteger(p) || p < 1 || p > 65535) {
    status.textContent = "The port is a number from 1 to 65535.";
    return;
  }
  await ext.storage.local.set({ port: p, token: token.value.trim() });
  status.textContent = "Saved. 已保存。";
});
