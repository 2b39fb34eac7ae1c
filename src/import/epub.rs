//! placeholder
use super::Document;
use crate::Result;
#[derive(Debug, Clone, Copy)]
pub struct EpubLimits;
pub fn parse_epub(name: &str, _bytes: &[u8]) -> Result<Document> {
    Err(crate::Error::invalid(format!("{name}: todo")))
}
