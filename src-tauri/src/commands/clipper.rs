//! The browser extension's pairing, as the settings show and change it, and the loopback
//! endpoint (`zhaji::endpoint`) that runs while the library is paired: started with the app when
//! a pairing is stored, restarted when the reader pairs again (a new port may be asked for),
//! stopped when they unpair.

use crate::error::ApiResult;
use crate::state::AppState;
use serde::Serialize;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tauri::State;
use ts_rs::TS;
use zhaji::endpoint::Endpoint;
use zhaji::ClipperPairing;

/// The running endpoint, if any.
#[derive(Default, Clone)]
pub struct ClipperControl {
    endpoint: Arc<Mutex<Option<Endpoint>>>,
}

impl ClipperControl {
    /// Starts the endpoint for the pairing stored in the library at `db` (stopping any running
    /// one); stops it when there is none. Gives why it could not start, if it could not.
    pub fn restart(&self, db: &Path, pairing: Option<&ClipperPairing>) -> Option<String> {
        let mut slot = self.endpoint.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // The old one first: it may hold the port the new one needs.
        if let Some(mut old) = slot.take() {
            old.stop();
        }
        let pairing = pairing?;
        match Endpoint::start(db, pairing.port) {
            Ok(endpoint) => {
                *slot = Some(endpoint);
                None
            }
            Err(e) => Some(e.message().to_owned()),
        }
    }

    fn listening(&self) -> bool {
        self.endpoint.lock().map(|e| e.is_some()).unwrap_or(false)
    }
}

/// What the settings show of the extension's pairing.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ClipperStatus {
    /// The pairing, or `None` when no extension is paired (the endpoint is off).
    pub pairing: Option<ClipperPairing>,
    /// Whether the endpoint is listening now.
    pub listening: bool,
    /// Why it is not, when it should be (the port is taken, say).
    pub problem: Option<String>,
}

/// [`ClipperControl::restart`] on a blocking thread: stopping waits for a request being answered.
async fn restart(
    control: &State<'_, ClipperControl>,
    db: &str,
    pairing: Option<ClipperPairing>,
) -> Option<String> {
    let control = control.inner().clone();
    let db = db.to_owned();
    tauri::async_runtime::spawn_blocking(move || control.restart(Path::new(&db), pairing.as_ref()))
        .await
        .unwrap_or_else(|e| Some(format!("the endpoint could not be restarted: {e}")))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn clipper_status(
    state: State<'_, AppState>,
    control: State<'_, ClipperControl>,
) -> ApiResult<ClipperStatus> {
    let pairing = state.with(|lib| lib.clipper_pairing()).await?;
    let listening = control.listening();
    let problem = (pairing.is_some() && !listening)
        .then(|| "the app is not listening for the extension: pair it again".to_owned());
    Ok(ClipperStatus { pairing, listening, problem })
}

/// Pairs an extension: a new token (the old one stops working), on `port` when given, and
/// (re)starts the endpoint.
#[tauri::command(rename_all = "snake_case")]
pub async fn pair_clipper(
    state: State<'_, AppState>,
    control: State<'_, ClipperControl>,
    port: Option<u16>,
) -> ApiResult<ClipperStatus> {
    let pairing = state.with(move |lib| lib.pair_clipper(port)).await?;
    let problem = restart(&control, &state.db_path, Some(pairing.clone())).await;
    Ok(ClipperStatus { pairing: Some(pairing), listening: control.listening(), problem })
}

/// Forgets the pairing and stops the endpoint.
#[tauri::command(rename_all = "snake_case")]
pub async fn unpair_clipper(
    state: State<'_, AppState>,
    control: State<'_, ClipperControl>,
) -> ApiResult<ClipperStatus> {
    state.with(|lib| lib.unpair_clipper()).await?;
    restart(&control, &state.db_path, None).await;
    Ok(ClipperStatus { pairing: None, listening: false, problem: None })
}
