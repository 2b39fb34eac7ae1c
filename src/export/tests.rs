//! Tests of the Markdown export.
