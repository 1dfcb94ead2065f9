//! Importer stub: filled in by the importers work.

use super::{ImportError, ImportOptions, Imported, Kind};

pub fn import(_input: &[u8], _options: &ImportOptions) -> Result<Imported, ImportError> {
    Err(ImportError::new(Kind::Mbox, "", "not implemented yet"))
}
