//! Any bytes decode without panicking, to valid UTF-8, with a known encoding.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let d = newsclean::read::decode::decode(data, None);
    assert!(!d.encoding.is_empty());
    assert!(d.malformed <= data.len());
});
