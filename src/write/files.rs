//! Files written whole or not at all: each to a temporary name in its final folder, then renamed
//! into place, so a crash never leaves a half-written file under a final name.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` as [`write_atomic`] does, unless the file holds exactly these bytes
/// already: a run again into the same OUT leaves each unchanged output as it was (its time, its
/// inode). Creating files is what a file system may do slowly, just after many were replaced.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let same_size = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    if same_size && std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    write_atomic(path, bytes)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".newsclean-").suffix(".tmp");
    // Temporary files are private (0600) by default; outputs are ordinary files.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
