//! Number and quantity parsing. (Being written.)
