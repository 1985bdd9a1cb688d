//! The language's closed word lists (model fields, members, text-valued
//! arguments, precisions): each is an enum with one name table, so reading
//! a word, listing the choices and suggesting the nearest one all use the
//! same table.

/// An enum whose values are spelled as words in scripts.
pub trait Named: Copy + Eq + 'static {
    /// Every value, in the order lists show them.
    const ALL: &'static [Self];
    /// The words of [`Named::ALL`], in the same order.
    const NAMES: &'static [&'static str];

    fn name(self) -> &'static str {
        let index = Self::ALL
            .iter()
            .position(|v| *v == self)
            .expect("every value is listed");
        Self::NAMES[index]
    }

    fn from_name(name: &str) -> Option<Self> {
        let index = Self::NAMES.iter().position(|n| *n == name)?;
        Some(Self::ALL[index])
    }
}

/// Defines an enum and its name table in one list: `Variant => "word"`.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $word:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $crate::vocabulary::Named for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            const NAMES: &'static [&'static str] = &[$($word),+];

            fn name(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::vocabulary::Named::name(*self))
            }
        }
    };
}
pub(crate) use named_enum;

#[cfg(test)]
mod tests {
    use super::Named;

    named_enum! {
        enum Colour {
            Red => "red",
            Green => "green",
        }
    }

    #[test]
    fn names_and_values_correspond() {
        assert_eq!(Colour::Green.name(), "green");
        assert_eq!(Colour::from_name("red"), Some(Colour::Red));
        assert_eq!(Colour::from_name("Red"), None);
        assert_eq!(Colour::NAMES, ["red", "green"]);
        assert_eq!(Colour::Red.to_string(), "red");
    }
}
