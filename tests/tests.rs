//! Integration tests of the core on real documents.
