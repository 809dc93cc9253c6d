//! `string_enum!`: an enum written in dossiers as one of a fixed set of strings, in RON and
//! JSON alike (`stage: "draft"`), so a misspelt value names the values allowed.

/// Declares a `Copy` enum whose values are written as the given strings.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$variant_meta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$variant_meta])* $variant,)+
        }

        impl $name {
            /// Every value, as written.
            pub const ALL: &'static [&'static str] = &[$($text),+];

            /// The value as written.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                let text = String::deserialize(deserializer)?;
                match text.as_str() {
                    $($text => Ok($name::$variant),)+
                    other => Err(serde::de::Error::custom(format!(
                        "unknown value \"{other}\", expected one of: {}",
                        $name::ALL.iter().map(|value| format!("\"{value}\"")).collect::<Vec<_>>().join(", ")
                    ))),
                }
            }
        }
    };
}

pub(crate) use string_enum;
