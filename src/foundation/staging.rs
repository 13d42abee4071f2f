//! An output folder written as one set. A run locks its target (`.NAME.lock` beside it,
//! holding the holder's pid and command), writes everything into a staging folder beside it
//! (`.NAME.staging-PID`), and swaps that in at the end: an atomic exchange where the system
//! has one (Linux), otherwise the old folder renamed aside, the staging folder renamed into
//! place and the old one removed. The target so holds one run's complete set or the previous
//! one, and files the new run does not write do not survive. Leftovers of a killed run
//! (staging and old folders, `.tradewar-*.tmp` files) are removed by the next run into the
//! same target, and on SIGINT, SIGTERM or SIGHUP by [`install_signal_cleanup`].

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, bail};

use crate::foundation::io::{TEMP_PREFIX, TEMP_SUFFIX};

/// What to remove at a path if a signal stops the process.
#[derive(Clone, Copy, PartialEq)]
enum OnSignal {
    /// Remove the folder and everything in it (a staging folder).
    Folder,
    /// Remove the file (a lock file).
    File,
    /// Remove the temp files in the folder (a folder written in place).
    TempFiles,
}

/// The paths to clean if a signal stops the process.
static CLEANUP: Mutex<Vec<(PathBuf, OnSignal)>> = Mutex::new(Vec::new());

fn register(path: &Path, what: OnSignal) {
    if let Ok(mut list) = CLEANUP.lock() {
        list.push((path.to_path_buf(), what));
    }
}

fn unregister(path: &Path) {
    if let Ok(mut list) = CLEANUP.lock() {
        list.retain(|(p, _)| p != path);
    }
}

/// On SIGINT, SIGTERM and SIGHUP: removes the staging folders and the temp files of the
/// folders being written, then exits with 130. [`Staged::begin`] installs it.
pub fn install_signal_cleanup() {
    let _ = ctrlc::set_handler(|| {
        if let Ok(list) = CLEANUP.lock() {
            for (path, what) in list.iter() {
                match what {
                    OnSignal::Folder => drop(std::fs::remove_dir_all(path)),
                    OnSignal::File => drop(std::fs::remove_file(path)),
                    OnSignal::TempFiles => remove_temp_files(path),
                }
            }
        }
        std::process::exit(130);
    });
}

/// Removes the `.tradewar-*.tmp` files in `dir` and in its subfolders.
pub fn remove_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let path = e.path();
        if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            let _ = std::fs::remove_file(&path);
        } else if e.file_type().is_ok_and(|t| t.is_dir()) && !name.starts_with('.') {
            remove_temp_files(&path);
        }
    }
}

/// The folder holding `target` and `target`'s own name.
fn parent_and_name(target: &Path) -> anyhow::Result<(PathBuf, String)> {
    let absolute = std::path::absolute(target)
        .with_context(|| format!("cannot resolve output folder {}", target.display()))?;
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) if name != ".." => {
            Ok((parent.to_path_buf(), name.to_string_lossy().into_owned()))
        }
        _ => bail!(
            "cannot write into {}: name an output folder (such as out/run)",
            target.display()
        ),
    }
}

/// Removes what a killed run into `target` left behind: its staging and old folders beside
/// it and the temp files inside it. Call only while holding the target's [`FolderLock`].
pub fn remove_leftovers(target: &Path) -> anyhow::Result<()> {
    let (parent, name) = parent_and_name(target)?;
    let staging = format!(".{name}.staging-");
    let old = format!(".{name}.old-");
    if let Ok(entries) = std::fs::read_dir(&parent) {
        for e in entries.flatten() {
            let n = e.file_name();
            let n = n.to_string_lossy();
            if n.starts_with(&old) && !target.exists() {
                // Killed between the two renames of a swap without exchange: the previous
                // set goes back.
                let _ = std::fs::rename(e.path(), target);
            } else if n.starts_with(&staging) || n.starts_with(&old) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    remove_temp_files(target);
    Ok(())
}

/// An exclusive lock on an output folder, held until dropped: the file `.NAME.lock` beside
/// the folder, holding the holder's pid and command line.
pub struct FolderLock {
    file: File,
    path: PathBuf,
}

impl FolderLock {
    /// Locks `target` for `command`; fails (naming the folder and the holder) when another
    /// process holds it.
    pub fn acquire(target: &Path, command: &str) -> anyhow::Result<Self> {
        let (parent, name) = parent_and_name(target)?;
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create folder {}", parent.display()))?;
        let path = parent.join(format!(".{name}.lock"));
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .with_context(|| format!("cannot open lock file {}", path.display()))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    bail!(
                        "{} is being written by another run ({}); wait for it to finish or write elsewhere with --out",
                        target.display(),
                        if holder.is_empty() {
                            "holder unknown".to_string()
                        } else {
                            holder.replace('\n', ", ")
                        }
                    );
                }
                Err(TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("cannot lock {}", path.display()));
                }
            }
            // The holder before us may have removed the file after we opened it: lock the
            // file that is at the path now.
            if !same_file(&file, &path) {
                continue;
            }
            file.set_len(0)?;
            writeln!(file, "pid {}\ncommand {command}", std::process::id())?;
            file.sync_all()?;
            register(&path, OnSignal::File);
            return Ok(Self { file, path });
        }
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes with the file handle.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
        unregister(&self.path);
    }
}

/// An output folder being written: locked, with a fresh staging folder beside it that
/// [`Staged::commit`] swaps in. Dropped without a commit, it removes the staging folder and
/// leaves the target as it was.
pub struct Staged {
    _lock: FolderLock,
    target: PathBuf,
    staging: PathBuf,
    committed: bool,
}

impl Staged {
    /// Locks `target` for `command`, removes leftovers of killed runs and creates the
    /// staging folder.
    pub fn begin(target: &Path, command: &str) -> anyhow::Result<Self> {
        static SIGNALS: std::sync::Once = std::sync::Once::new();
        SIGNALS.call_once(install_signal_cleanup);
        let lock = FolderLock::acquire(target, command)?;
        remove_leftovers(target)?;
        Self::with_lock(lock, target)
    }

    /// Creates the staging folder of `target`, whose lock the caller already holds.
    pub fn with_lock(lock: FolderLock, target: &Path) -> anyhow::Result<Self> {
        let (parent, name) = parent_and_name(target)?;
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        std::fs::create_dir_all(&staging)
            .with_context(|| format!("cannot create staging folder {}", staging.display()))?;
        register(&staging, OnSignal::Folder);
        Ok(Self {
            _lock: lock,
            target: target.to_path_buf(),
            staging,
            committed: false,
        })
    }

    /// The staging folder: write every output here.
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// The folder the outputs end up in.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Swaps the staging folder in as the target; the previous target's files are removed.
    pub fn commit(mut self) -> anyhow::Result<()> {
        pause_for_tests("TRADEWAR_TEST_PAUSE_BEFORE_SWAP_MS");
        swap_in(&self.staging, &self.target).with_context(|| {
            format!(
                "cannot move the finished outputs from {} to {}",
                self.staging.display(),
                self.target.display()
            )
        })?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // After a commit the staging path holds the previous outputs (or nothing).
        let _ = std::fs::remove_dir_all(&self.staging);
        unregister(&self.staging);
    }
}

/// Sleeps for the milliseconds in the environment variable `var`, if set: lets the
/// integration tests stop a run at a chosen step.
pub fn pause_for_tests(var: &str) {
    if let Some(ms) = std::env::var(var).ok().and_then(|v| v.parse::<u64>().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Puts `staging` at `target`; afterwards `staging` holds the previous target, if any.
fn swap_in(staging: &Path, target: &Path) -> std::io::Result<()> {
    if !target.exists() {
        return std::fs::rename(staging, target);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let name = staging.file_name().unwrap_or_default().to_string_lossy();
    let aside = staging.with_file_name(name.replace(".staging-", ".old-"));
    std::fs::rename(target, &aside)?;
    std::fs::rename(staging, target)?;
    std::fs::rename(&aside, staging)
}

/// Registers `dir` (a folder written in place, such as a sweep's records) to be cleared of
/// temp files if a signal stops the process; [`InPlace`] unregisters it when dropped.
pub struct InPlace(PathBuf);

impl InPlace {
    /// Starts watching `dir`.
    pub fn watch(dir: &Path) -> Self {
        register(dir, OnSignal::TempFiles);
        Self(dir.to_path_buf())
    }
}

impl Drop for InPlace {
    fn drop(&mut self) {
        unregister(&self.0);
    }
}
