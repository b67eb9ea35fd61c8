//! Text that is not an amount, a card number or a PIN gets the sentence the customer reads.

use atm_core::*;

#[test]
fn text_that_is_not_an_amount_card_or_pin() {
    for (text, message) in [
        ("", "Enter an amount"),
        ("abc", "Amounts are digits only, like 300 or 1,234.50"),
        ("-20", "The amount cannot be negative"),
        ("1.005", "Amounts have at most two decimal places"),
        ("99999999999999999999", "That amount is too large"),
    ] {
        assert_eq!(
            Money::parse(text).unwrap_err().to_string(),
            message,
            "{text:?}"
        );
    }
    assert_eq!(
        CardNumber::parse("4532-12x4").unwrap_err().to_string(),
        "A card number is digits only"
    );
    assert_eq!(
        CardNumber::parse("123").unwrap_err().to_string(),
        "A card number has 13 to 19 digits"
    );
    assert_eq!(
        Pin::parse("12345678").unwrap_err().to_string(),
        "A PIN has 4 to 6 digits"
    );
    assert_eq!(
        Pin::parse("12a4").unwrap_err().to_string(),
        "A PIN is digits only"
    );
}
