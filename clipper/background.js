// Saves the page in a tab to the 札记 app on this computer: its link, title, the DOM as the
// browser rendered it (script already run) and the selected text, sent to the app's loopback
// endpoint with the pairing token from the options. The app reads the HTML as data; nothing
// comes back but whether it was saved.
//
// Chromium and Firefox both: `browser` where it exists (Firefox), else `chrome`; both return
// promises in Manifest V3.

const ext = globalThis.browser ?? globalThis.chrome;
const MENU_ID = "zhaji-save";

/** What the page is now; runs in the page. */
function readPage() {
  const selection = window.getSelection();
  return {
    url: location.href,
    title: document.title,
    html: document.documentElement.outerHTML,
    selection: selection ? selection.toString() : "",
  };
}

async function showResult(tabId, ok, why) {
  try {
    await ext.action.setBadgeBackgroundColor({ tabId, color: ok ? "#2e7d32" : "#c62828" });
    await ext.action.setBadgeText({ tabId, text: ok ? "✓" : "!" });
    await ext.action.setTitle({ tabId, title: ok ? "Saved to 札记" : `Not saved: ${why}` });
  } catch {
    // The tab may be gone.
  }
}

/** Saves the page in `tab`; gives the app's answer ({ ok, status, … }). */
async function savePage(tab) {
  const { port, token } = await ext.storage.local.get(["port", "token"]);
  if (!port || !token) {
    await showResult(tab.id, false, "pair the extension in its options first");
    await ext.runtime.openOptionsPage();
    return { ok: false, status: 0, error: "not paired" };
  }
  let page;
  try {
    const [injected] = await ext.scripting.executeScript({ target: { tabId: tab.id }, func: readPage });
    page = injected.result;
  } catch (e) {
    await showResult(tab.id, false, "this page cannot be read by an extension");
    return { ok: false, status: 0, error: String(e) };
  }
  try {
    const response = await fetch(`http://127.0.0.1:${port}/clip`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(page),
    });
    const reply = await response.json().catch(() => ({}));
    await showResult(tab.id, response.ok, reply.error ?? `HTTP ${response.status}`);
    return { ok: response.ok, status: response.status, ...reply };
  } catch (e) {
    await showResult(tab.id, false, "the 札记 app is not running or not paired");
    return { ok: false, status: 0, error: String(e) };
  }
}

ext.runtime.onInstalled.addListener(() => {
  ext.contextMenus.create({ id: MENU_ID, title: "Save to 札记", contexts: ["page", "selection"] });
});

ext.action.onClicked.addListener((tab) => void savePage(tab));

ext.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID && tab) void savePage(tab);
});

// The options page's "Save a tab" (and the end-to-end test, which cannot click the toolbar)
// asks for the same save by tab id. Only the extension's own pages can send this message.
ext.runtime.onMessage.addListener((message, sender, reply) => {
  if (sender.id !== ext.runtime.id || typeof message?.saveTab !== "number") return false;
  ext.tabs
    .get(message.saveTab)
    .then(savePage)
    .then(reply, (e) => reply({ ok: false, status: 0, error: String(e) }));
  return true; // answers asynchronously
});
