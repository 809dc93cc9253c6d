use std::collections::BTreeMap;
use std::fmt;

use rhai::{Array, Dynamic, Map};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;

/// A plain data value: a module parameter, or a field of a dossier of a kind without a
/// built-in schema. Written in RON as a boolean, a number, a string, a list `[…]` or a map
/// `{ "key": … }` / struct `(key: …)`; `None` and `()` are [`ParamValue::Unit`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// No value.
    Unit,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// A string.
    Text(String),
    /// A list.
    List(Vec<ParamValue>),
    /// A map with string keys.
    Map(BTreeMap<String, ParamValue>),
}

impl ParamValue {
    /// The value as scripts see it.
    pub fn to_dynamic(&self) -> Dynamic {
        match self {
            ParamValue::Unit => Dynamic::UNIT,
            ParamValue::Bool(value) => Dynamic::from_bool(*value),
            ParamValue::Int(value) => Dynamic::from_int(*value),
            ParamValue::Float(value) => Dynamic::from_float(*value),
            ParamValue::Text(value) => Dynamic::from(value.clone()),
            ParamValue::List(values) => {
                Dynamic::from_array(values.iter().map(ParamValue::to_dynamic).collect::<Array>())
            }
            ParamValue::Map(values) => ParamValue::map_to_dynamic(values),
        }
    }

    /// A map of parameters as the map scripts see (`params`).
    pub(crate) fn map_to_dynamic(values: &BTreeMap<String, ParamValue>) -> Dynamic {
        Dynamic::from_map(values.iter().map(|(key, value)| (key.as_str().into(), value.to_dynamic())).collect::<Map>())
    }

    /// What kind of value it is, in words.
    pub fn type_name(&self) -> &'static str {
        match self {
            ParamValue::Unit => "nothing",
            ParamValue::Bool(_) => "a boolean",
            ParamValue::Int(_) => "an integer",
            ParamValue::Float(_) => "a number",
            ParamValue::Text(_) => "a string",
            ParamValue::List(_) => "a list",
            ParamValue::Map(_) => "a map",
        }
    }
}

impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ParamValue, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = ParamValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, a number, a string, a list or a map")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<ParamValue, E> {
        Ok(ParamValue::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<ParamValue, E> {
        Ok(ParamValue::Int(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<ParamValue, E> {
        i64::try_from(value).map(ParamValue::Int).map_err(|_| E::custom(format!("the number {value} is too large")))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<ParamValue, E> {
        i64::try_from(value).map(ParamValue::Int).map_err(|_| E::custom(format!("the number {value} is too large")))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<ParamValue, E> {
        i64::try_from(value).map(ParamValue::Int).map_err(|_| E::custom(format!("the number {value} is too large")))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<ParamValue, E> {
        Ok(ParamValue::Float(value))
    }

    fn visit_char<E: de::Error>(self, value: char) -> Result<ParamValue, E> {
        Ok(ParamValue::Text(value.to_string()))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<ParamValue, E> {
        Ok(ParamValue::Text(value.to_string()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<ParamValue, E> {
        Ok(ParamValue::Text(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<ParamValue, E> {
        Ok(ParamValue::Unit)
    }

    fn visit_none<E: de::Error>(self) -> Result<ParamValue, E> {
        Ok(ParamValue::Unit)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<ParamValue, D::Error> {
        ParamValue::deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<ParamValue, D::Error> {
        ParamValue::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ParamValue, A::Error> {
        let mut values = Vec::new();
        while let Some(value) = seq.next_element()? {
            values.push(value);
        }
        Ok(ParamValue::List(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ParamValue, A::Error> {
        let mut values = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value()?;
            if values.insert(key.clone(), value).is_some() {
                return Err(de::Error::custom(format!("the key \"{key}\" is given twice")));
            }
        }
        Ok(ParamValue::Map(values))
    }
}
