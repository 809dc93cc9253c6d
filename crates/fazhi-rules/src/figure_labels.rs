use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// The names a module gives its report figures for tables (`figure_labels` in `module.ron`:
/// `{ "court": "法庭受理案件数", … }`), in the order written, which is the order the figures
/// are listed in (the county's table of every town's figures).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FigureLabels(Vec<(String, String)>);

impl FigureLabels {
    /// The label of `figure`, if the module gives one.
    pub fn label(&self, figure: &str) -> Option<&str> {
        self.0.iter().find(|(name, _)| name == figure).map(|(_, label)| label.as_str())
    }

    /// Where `figure` is in the module's list (those without a label after all the others).
    pub fn position(&self, figure: &str) -> usize {
        self.0.iter().position(|(name, _)| name == figure).unwrap_or(self.0.len())
    }

    /// Every figure's name and label, in the order written.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(name, label)| (name.as_str(), label.as_str()))
    }
}

impl<'de> Deserialize<'de> for FigureLabels {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FigureLabels, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = FigureLabels;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a map of figure names to their labels, { \"court\": \"法庭受理案件数\" }")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FigureLabels, A::Error> {
                let mut labels = Vec::new();
                while let Some((name, label)) = map.next_entry::<String, String>()? {
                    labels.push((name, label));
                }
                Ok(FigureLabels(labels))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}
