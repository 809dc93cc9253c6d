use serde::{Deserialize, Serialize};

/// An evidence file kept by the store, addressed by its content.
///
/// The copy lives at `<store folder>/evidence/<sha256>`; see
/// [`Store::keep_evidence`](crate::Store::keep_evidence). Its name and media type are kept
/// beside the digest in the state, so that it can be given back as the file it was.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// The file's name when it was handed in, made safe ([`Evidence::safe_name`]): no folder,
    /// no control characters.
    pub file_name: String,
    /// The SHA-256 digest of its content, lower-case hex.
    pub sha256: String,
    /// Its media type (`application/pdf`, …), from its first bytes and its name; `None` for
    /// evidence kept by an older fazhi (see [`Evidence::media_type_or_guess`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
}

/// The media type of anything not recognised.
const OCTET_STREAM: &str = "application/octet-stream";

/// Media types by file extension (lower case), for what a township office hands in.
const BY_EXTENSION: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("ofd", "application/ofd"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("png", "image/png"),
    ("gif", "image/gif"),
    ("tif", "image/tiff"),
    ("tiff", "image/tiff"),
    ("webp", "image/webp"),
    ("bmp", "image/bmp"),
    ("doc", "application/msword"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xls", "application/vnd.ms-excel"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt", "application/vnd.ms-powerpoint"),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    ("txt", "text/plain"),
    ("csv", "text/csv"),
    ("md", "text/markdown"),
    ("ron", "text/plain"),
    ("json", "application/json"),
    ("xml", "application/xml"),
    ("html", "text/html"),
    ("htm", "text/html"),
    ("zip", "application/zip"),
    ("rar", "application/vnd.rar"),
    ("7z", "application/x-7z-compressed"),
    ("mp3", "audio/mpeg"),
    ("wav", "audio/wav"),
    ("mp4", "video/mp4"),
    ("eml", "message/rfc822"),
];

impl Evidence {
    /// The last part of a file name as given (any folder dropped, `/` or `\`), without control
    /// characters or leading dots, trimmed, at most 200 bytes; empty when nothing is left (then
    /// the evidence is named by its digest).
    pub fn safe_name(given: &str) -> String {
        let last = given.rsplit(['/', '\\']).next().unwrap_or_default();
        let cleaned: String = last.chars().filter(|c| !c.is_control()).collect();
        let cleaned = cleaned.trim().trim_start_matches('.').trim();
        let mut out = String::new();
        for c in cleaned.chars() {
            if out.len() + c.len_utf8() > 200 {
                break;
            }
            out.push(c);
        }
        out
    }

    /// The media type of a file named `name` that begins with `head`: by its first bytes
    /// where they say it (a PDF, an image, a zip or an OLE compound file, which the name then
    /// tells apart), otherwise by the name's extension, otherwise [`OCTET_STREAM`].
    pub fn sniff_media_type(name: &str, head: &[u8]) -> &'static str {
        let by_name = by_extension(name);
        let office = |types: &[&str], otherwise: &'static str| match by_name {
            Some(found) if types.contains(&found) => found,
            _ => otherwise,
        };
        if head.starts_with(b"%PDF-") {
            "application/pdf"
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else if head.starts_with(b"\xFF\xD8\xFF") {
            "image/jpeg"
        } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
            "image/gif"
        } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
            "image/tiff"
        } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
            "image/webp"
        } else if head.starts_with(b"PK\x03\x04") {
            // Word, Excel, PowerPoint, OpenDocument and OFD files are zip archives.
            office(
                &[
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                    "application/vnd.oasis.opendocument.text",
                    "application/vnd.oasis.opendocument.spreadsheet",
                    "application/ofd",
                ],
                "application/zip",
            )
        } else if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
            // The older Word, Excel and PowerPoint files.
            office(&["application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"], OCTET_STREAM)
        } else if head.starts_with(b"Rar!\x1A\x07") {
            "application/vnd.rar"
        } else if head.starts_with(b"7z\xBC\xAF\x27\x1C") {
            "application/x-7z-compressed"
        } else {
            by_name.unwrap_or(OCTET_STREAM)
        }
    }

    /// The media type kept with it, or, for evidence kept by an older fazhi, the one its name
    /// suggests.
    pub fn media_type_or_guess(&self) -> &str {
        self.media_type.as_deref().unwrap_or_else(|| by_extension(&self.file_name).unwrap_or(OCTET_STREAM))
    }

    /// The name to give the file back under: its name made safe for any file system (no
    /// folder, no control characters, none of `<>:"|?*`, not a Windows device name such as
    /// `CON`); when nothing of the name is left, its digest with the extension of its media
    /// type.
    pub fn download_name(&self) -> String {
        let safe: String = Evidence::safe_name(&self.file_name)
            .chars()
            .map(|c| if "<>:\"|?*".contains(c) { '_' } else { c })
            .collect();
        let safe = safe.trim_end_matches(['.', ' ']).to_string();
        if safe.is_empty() {
            return match extension_of(self.media_type_or_guess()) {
                Some(extension) => format!("{}.{extension}", self.sha256),
                None => self.sha256.clone(),
            };
        }
        let stem = safe.split('.').next().unwrap_or_default().to_ascii_uppercase();
        let device = ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
            || (stem.len() == 4
                && (stem.starts_with("COM") || stem.starts_with("LPT"))
                && stem.as_bytes()[3].is_ascii_digit());
        if device {
            format!("_{safe}")
        } else {
            safe
        }
    }
}

/// The media type the extension of `name` stands for.
fn by_extension(name: &str) -> Option<&'static str> {
    let (_, extension) = name.rsplit_once('.')?;
    let extension = extension.to_ascii_lowercase();
    BY_EXTENSION.iter().find(|(known, _)| *known == extension).map(|(_, media_type)| *media_type)
}

/// The usual extension of a media type.
fn extension_of(media_type: &str) -> Option<&'static str> {
    BY_EXTENSION.iter().find(|(_, known)| *known == media_type).map(|(extension, _)| *extension)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(name: &str, media_type: Option<&str>) -> Evidence {
        Evidence { file_name: name.to_string(), sha256: "ab".repeat(32), media_type: media_type.map(String::from) }
    }

    #[test]
    fn names_lose_folders_and_control_characters() {
        assert_eq!(Evidence::safe_name("../../x"), "x");
        assert_eq!(Evidence::safe_name("..\\..\\签到表.pdf"), "签到表.pdf");
        assert_eq!(Evidence::safe_name(".."), "");
        assert_eq!(Evidence::safe_name("/etc/passwd"), "passwd");
        assert_eq!(Evidence::safe_name(" .hidden "), "hidden");
        assert_eq!(Evidence::safe_name("a\u{0}b\nc\u{1b}[31m.txt"), "abc[31m.txt");
        assert_eq!(Evidence::safe_name(&"长".repeat(100)).len(), 198);
    }

    #[test]
    fn the_media_type_comes_from_the_content_then_the_name() {
        assert_eq!(Evidence::sniff_media_type("scan", b"%PDF-1.7\n"), "application/pdf");
        assert_eq!(Evidence::sniff_media_type("签到表.pdf", b"not a pdf"), "application/pdf");
        assert_eq!(Evidence::sniff_media_type("photo.pdf", b"\xFF\xD8\xFF\xE0"), "image/jpeg");
        assert_eq!(
            Evidence::sniff_media_type("方案.docx", b"PK\x03\x04"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert_eq!(Evidence::sniff_media_type("方案.pdf", b"PK\x03\x04"), "application/zip");
        assert_eq!(
            Evidence::sniff_media_type("台账.XLS", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"),
            "application/vnd.ms-excel"
        );
        assert_eq!(Evidence::sniff_media_type("说明", b"hello"), OCTET_STREAM);
    }

    #[test]
    fn download_names_are_safe_everywhere_and_never_empty() {
        assert_eq!(evidence("签到表.pdf", None).download_name(), "签到表.pdf");
        assert_eq!(evidence("a:b?.pdf", None).download_name(), "a_b_.pdf");
        assert_eq!(evidence("con.txt", None).download_name(), "_con.txt");
        assert_eq!(evidence("COM1", None).download_name(), "_COM1");
        assert_eq!(evidence("COMPANY.txt", None).download_name(), "COMPANY.txt");
        assert_eq!(evidence("../..", Some("application/pdf")).download_name(), format!("{}.pdf", "ab".repeat(32)));
        assert_eq!(evidence("\n", None).download_name(), "ab".repeat(32));
        assert_eq!(evidence("x.", None).download_name(), "x");
    }

    #[test]
    fn older_evidence_gets_the_type_its_name_suggests() {
        assert_eq!(evidence("签到表.PDF", None).media_type_or_guess(), "application/pdf");
        assert_eq!(evidence("签到表", None).media_type_or_guess(), OCTET_STREAM);
        assert_eq!(evidence("签到表.pdf", Some("image/png")).media_type_or_guess(), "image/png");
    }
}
