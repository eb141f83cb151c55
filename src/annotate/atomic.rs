//! Writing a file so that a crash, a full disk or a kill at any moment leaves either the
//! old content or the new, never a mix: write a temporary file in the same folder, flush
//! it to disk, rename it over the target, then flush the folder so the rename is durable.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `target` atomically. A symlinked target is followed: the file it
/// points to is replaced and the link stays a link.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(target, bytes, |file, bytes| file.write_all(bytes))
}

/// As [`write_atomically`], with the bytes written into the temporary file by `write`,
/// so tests can make a write fail half-way as a full disk would.
pub fn write_atomically_with(
    target: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut dyn Write, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let target = resolve_symlinks(target)?;
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Dropping the temporary file on any error below removes it.
    let mut temp = tempfile::Builder::new()
        .prefix(".copydesk-save-")
        .suffix(".tmp")
        .tempfile_in(&folder)?;
    // The temporary file is private (0600); give the result the old file's permissions,
    // or the usual 0644 for a new file, so teammates can still read it.
    if let Some(permissions) = permissions_for(&target) {
        temp.as_file().set_permissions(permissions)?;
    }
    write(temp.as_file_mut(), bytes)?;
    temp.as_file_mut().flush()?;
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    sync_folder(&folder)
}

fn resolve_symlinks(target: &Path) -> io::Result<PathBuf> {
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(target),
        _ => Ok(target.to_path_buf()),
    }
}

fn permissions_for(target: &Path) -> Option<std::fs::Permissions> {
    match std::fs::metadata(target) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => new_file_permissions(),
    }
}

#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(unix)]
fn sync_folder(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> io::Result<()> {
    Ok(())
}
