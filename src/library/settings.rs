//! Settings: the names the user gave the five highlight colours.

use super::Library;
use crate::model::*;
use crate::text;
use crate::{store, Error, Result};

/// The longest colour name, in characters.
const MAX_LABEL_CHARS: usize = 40;

impl Library {
    /// The five colours with the names the user gave them.
    pub fn color_labels(&self) -> Result<Vec<ColorLabel>> {
        Color::ALL
            .into_iter()
            .map(|color| {
                let label = store::setting(&self.conn, &setting_key(color))?
                    .unwrap_or_else(|| color.default_label().to_owned());
                Ok(ColorLabel { color, label })
            })
            .collect()
    }

    /// Names a colour (`论点`); an empty label restores the default.
    pub fn set_color_label(&mut self, color: Color, label: &str) -> Result<()> {
        let label = text::normalize(label.trim());
        if label.contains('\n') || text::char_len(&label) > MAX_LABEL_CHARS {
            return Err(Error::invalid(
                "a colour's name must be one line of at most 40 characters",
            ));
        }
        let label = if label.is_empty() { color.default_label().to_owned() } else { label };
        let tx = self.write()?;
        store::set_setting(&tx, &setting_key(color), &label)?;
        tx.commit()?;
        Ok(())
    }
}

/// The setting that holds a colour's name.
fn setting_key(color: Color) -> String {
    format!("color.{}", color.as_str())
}
