//! What a zipped workbook (XLSX, XLSM, XLSB, ODS) may unpack to, checked from its central
//! directory before any part of it is unpacked.

use std::io::Cursor;

/// The most a ledger workbook may unpack to, all its parts together, in bytes. A ledger of a
/// million rows of ten columns is about 400 MiB of sheet XML.
pub(crate) const MAX_UNPACKED: u64 = 512 << 20;

/// The most parts (zip entries) a ledger workbook may have; a workbook has a few dozen.
pub(crate) const MAX_PARTS: usize = 10_000;

/// Checks the sizes the zip archive in `bytes` declares for its parts: `Err` with a sentence
/// if it has more than [`MAX_PARTS`] parts or they unpack to more than [`MAX_UNPACKED`].
///
/// The declared sizes are all that has to be checked: reading a part (by calamine, through
/// the zip crate) fails as soon as it unpacks to more than its declared size, so a part that
/// lies about its size is stopped there. An archive that cannot be read as zip is left to
/// calamine, which says why.
pub(crate) fn check(bytes: &[u8]) -> Result<(), String> {
    const MIB: u64 = 1 << 20;
    const ADVICE: &str = "it is not a ledger, or it must be split into several files";
    let Ok(archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    if archive.len() > MAX_PARTS {
        return Err(format!(
            "the workbook has {} parts, more than the {MAX_PARTS} a ledger workbook may have: {ADVICE}",
            archive.len()
        ));
    }
    let (mut total, mut largest) = (0u64, None::<(u64, String)>);
    for index in 0..archive.len() {
        let Ok(part) = archive.by_index_data(index) else { continue };
        let size = part.size();
        total = total.saturating_add(size);
        if largest.as_ref().is_none_or(|(most, _)| size > *most) {
            largest = Some((size, part.name().map_or_else(|_| format!("#{}", index + 1), |name| name.into_owned())));
        }
    }
    match largest {
        Some((size, name)) if total > MAX_UNPACKED => Err(format!(
            "the workbook unpacks to {} MiB (its part \"{name}\" to {} MiB), more than the {} MiB a ledger \
             workbook may unpack to: {ADVICE}",
            total.div_ceil(MIB),
            size.div_ceil(MIB),
            MAX_UNPACKED / MIB
        )),
        _ => Ok(()),
    }
}
