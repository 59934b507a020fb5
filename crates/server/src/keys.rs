//! Where the encryption keys come from.

use std::{fs, io::Write, path::Path};

use ava_infrastructure::cipher::FernetCipher;

use crate::{
    config::{Config, Environment},
    startup::StartupError,
};

const DEV_KEY_FILE: &str = "encryption.key";

/// `ENCRYPTION_KEY`; in development without it, a key file of the data
/// folder, made on first run. Production never runs without an explicit key.
pub fn encryption_keys(config: &Config) -> Result<String, StartupError> {
    if let Some(keys) = &config.encryption_key {
        return Ok(keys.clone());
    }
    if config.environment == Environment::Production {
        return Err(StartupError::Config(
            "ENCRYPTION_KEY is required in production: make one with `ava-server gen-key`"
                .to_owned(),
        ));
    }
    let path = config.data_dir.join(DEV_KEY_FILE);
    if path.exists() {
        refuse_if_readable_by_others(&path)?;
        return fs::read_to_string(&path)
            .map(|key| key.trim().to_owned())
            .map_err(|error| StartupError::Io(format!("cannot read {}: {error}", path.display())));
    }
    let key = FernetCipher::generate_key();
    write_private(&path, &key)
        .map_err(|error| StartupError::Io(format!("cannot write {}: {error}", path.display())))?;
    tracing::warn!(
        path = %path.display(),
        "ENCRYPTION_KEY is not set: created a development key file. Keep it with the database \
         (secrets cannot be read without it) and set ENCRYPTION_KEY in production."
    );
    Ok(key)
}

/// The key file must stay its owner's alone: one that others may read
/// (copied, unpacked from an archive…) is refused, with the fix.
fn refuse_if_readable_by_others(path: &Path) -> Result<(), StartupError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)
            .map_err(|error| StartupError::Io(format!("cannot read {}: {error}", path.display())))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(StartupError::Config(format!(
                "{} can be read by other users (mode {:o}): run `chmod 600 {}`",
                path.display(),
                mode & 0o777,
                path.display()
            )));
        }
    }
    Ok(())
}

/// Creates the file readable by its owner only (mode 0600).
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(contents.as_bytes())?;
    file.write_all(b"\n")
}
