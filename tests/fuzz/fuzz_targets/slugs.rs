#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    briefing::fuzzing::slugs(data);
});
