//! The state files: one per thread, written whole and atomically (a
//! temporary file in the same directory, synced, then renamed over the old
//! one), so a crash or a second tread process never leaves half a file: the
//! last writer wins, whole. Nothing here ever blocks opening a thread.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Identity, STATE_VERSION, SavedThread};

/// The directory of state files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    dir: PathBuf,
}

/// What loading found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub saved: Option<SavedThread<'static>>,
    /// A file that could not be used, said once: it has been set aside.
    pub problem: Option<String>,
}

/// One file of the store, for `tread state --list`.
#[derive(Debug)]
pub struct StoredThread {
    pub path: PathBuf,
    pub saved: Result<SavedThread<'static>, String>,
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// `$XDG_STATE_HOME/tread` (by default `~/.local/state/tread`).
    pub fn from_env() -> Result<Self, String> {
        let xdg = etcetera::base_strategy::Xdg::new().map_err(|e| format!("no home directory: {e}"))?;
        let state = etcetera::BaseStrategy::state_dir(&xdg).ok_or("no state directory")?;
        Ok(Self::new(state.join("tread")))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self, identity: &Identity) -> PathBuf {
        self.dir.join(identity.file_name())
    }

    /// The saved state of the thread, if any. A file that cannot be read or
    /// parsed is renamed with a `.bad` suffix and reported in `problem`.
    pub fn load(&self, identity: &Identity) -> Loaded {
        let path = self.path(identity);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            // No file, or no directory to hold one: a first visit.
            Err(error) if matches!(error.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
                return Loaded::default();
            }
            Err(error) => return set_aside(&path, &error.to_string()),
        };
        match parse(&bytes) {
            // Another thread whose identity hashes alike: not ours, and ours will replace it.
            Ok(saved) if saved.thread != identity.as_str() => Loaded::default(),
            Ok(saved) => Loaded { saved: Some(saved), problem: None },
            Err(reason) => set_aside(&path, &reason),
        }
    }

    /// Writes `saved` whole: readers see the old file or the new one, never a mix.
    pub fn save(&self, saved: &SavedThread<'_>) -> io::Result<PathBuf> {
        fs::create_dir_all(&self.dir)?;
        let path = self.dir.join(Identity(saved.thread.clone()).file_name());
        let mut temp =
            tempfile::Builder::new().prefix(".tread-state-").suffix(".tmp").tempfile_in(&self.dir)?;
        let json = serde_json::to_vec(saved).map_err(io::Error::other)?;
        temp.write_all(&json)?;
        temp.as_file().sync_all()?;
        temp.persist(&path).map_err(|e| e.error)?;
        Ok(path)
    }

    /// Every state file, sorted by path; unreadable ones say why.
    pub fn list(&self) -> io::Result<Vec<StoredThread>> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(error),
        };
        let mut stored = Vec::new();
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "json") {
                let saved = fs::read(&path).map_err(|e| e.to_string()).and_then(|bytes| parse(&bytes));
                stored.push(StoredThread { path, saved });
            }
        }
        stored.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(stored)
    }

    /// Deletes the thread's state; says whether there was any.
    pub fn forget(&self, identity: &Identity) -> io::Result<bool> {
        match fs::remove_file(self.path(identity)) {
            Ok(()) => Ok(true),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(error) => Err(error),
        }
    }
}

fn parse(bytes: &[u8]) -> Result<SavedThread<'static>, String> {
    let saved: SavedThread<'static> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if saved.version != STATE_VERSION {
        return Err(format!("version {} is not {STATE_VERSION}", saved.version));
    }
    Ok(saved)
}

/// Renames a bad file out of the way so it is reported once, not at every open.
fn set_aside(path: &Path, reason: &str) -> Loaded {
    let mut bad = path.as_os_str().to_owned();
    bad.push(".bad");
    let bad = PathBuf::from(bad);
    // One status line: the name first, the reason after, as room allows.
    let name = bad.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let problem = match fs::rename(path, &bad) {
        Ok(()) => format!("read state unusable, set aside as {name} ({reason})"),
        Err(error) => format!("read state unusable ({reason}) and not set aside: {error}"),
    };
    Loaded { saved: None, problem: Some(problem) }
}
