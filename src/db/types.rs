//! Database encodings of the domain vocabulary.
//!
//! Each closed set in `domain::vocab` is a Postgres enum of the same name whose labels are the
//! set's stable spellings, so the mapping is by text: encode `as_str`, decode with `FromStr`.
//! Keeping this here leaves the domain module free of database types.

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::{Decode, Encode, Postgres, Type};

use crate::domain::vocab::*;

macro_rules! pg_enum {
    ($($ty:ident),+) => {$(
        impl Type<Postgres> for $ty {
            fn type_info() -> PgTypeInfo {
                PgTypeInfo::with_name(<$ty>::PG_TYPE)
            }
        }

        impl Encode<'_, Postgres> for $ty {
            fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
                <&str as Encode<Postgres>>::encode(self.as_str(), buf)
            }
        }

        impl<'r> Decode<'r, Postgres> for $ty {
            fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <&str as Decode<Postgres>>::decode(value)?;
                Ok(text.parse::<$ty>()?)
            }
        }

    )+};
}

crate::with_every_closed_set!(pg_enum);
