//! Writing a file so that a crash, a full disk or a kill at any moment leaves either the
//! old content or the new, never a mix: write a temporary file in the same folder, flush
//! it to disk, rename it over the target, then flush the folder so the rename is durable.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const TEMP_PREFIX: &str = ".copydesk-save-";
const TEMP_SUFFIX: &str = ".tmp";

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
    sweep_abandoned(&folder);
    // Dropping the temporary file on any error below removes it.
    let mut temp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", owner_tag()))
        .suffix(TEMP_SUFFIX)
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

/// Who is writing a temporary file: host and process, so the next save can tell a file
/// whose writer died (killed mid-save: nothing ran to remove it) from one being written.
fn owner_tag() -> String {
    format!("{}-{}", host_name(), std::process::id())
}

/// Removes temporary files that this host's dead processes left in `folder`. A file from
/// another host (a shared folder) or from a live process is never touched.
fn sweep_abandoned(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let host = format!("{TEMP_PREFIX}{}-", host_name());
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|name| name.strip_prefix(&host))
            .filter(|_| name.to_string_lossy().ends_with(TEMP_SUFFIX))
        else {
            continue;
        };
        let pid = rest
            .split('-')
            .next()
            .and_then(|pid| pid.parse::<u32>().ok());
        if pid.is_some_and(|pid| !process_alive(pid)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The host's name, kept to characters that cannot break the temporary file's name.
fn host_name() -> String {
    let name = raw_host_name();
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .take(32)
        .collect();
    if safe.is_empty() { "host".into() } else { safe }
}

#[cfg(unix)]
fn raw_host_name() -> String {
    let mut buffer = [0u8; 256];
    // SAFETY: the buffer is writable for its whole length, which is what we pass.
    let result = unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) };
    if result != 0 {
        return String::new();
    }
    let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
    String::from_utf8_lossy(&buffer[..end]).into_owned()
}

#[cfg(not(unix))]
fn raw_host_name() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_default()
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Without a way to ask, every writer is taken to be alive: nothing is swept.
#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_save_removes_what_a_killed_save_left_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let host = host_name();
        let abandoned = dir
            .path()
            .join(format!("{TEMP_PREFIX}{host}-{dead}-x1{TEMP_SUFFIX}"));
        let ours = dir.path().join(format!(
            "{TEMP_PREFIX}{host}-{}-x2{TEMP_SUFFIX}",
            std::process::id()
        ));
        let elsewhere = dir
            .path()
            .join(format!("{TEMP_PREFIX}otherhost-{dead}-x3{TEMP_SUFFIX}"));
        for path in [&abandoned, &ours, &elsewhere] {
            std::fs::write(path, "partial").unwrap();
        }
        write_atomically(&dir.path().join("a.copydesk.json"), b"{}").unwrap();
        assert!(!abandoned.exists(), "a dead writer's file is removed");
        assert!(ours.exists(), "a live writer's file is kept");
        assert!(elsewhere.exists(), "another host's file is kept");
    }
}
