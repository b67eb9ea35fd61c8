//! The ATM domain.
