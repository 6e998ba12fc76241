//! How the server's memory is held, beyond the allocator chosen in
//! `main.rs`.

/// Turns transparent huge pages off for this process. mimalloc asks the
/// kernel for them, and a 2 MiB page counts whole in the server's memory as
/// soon as one byte of it is used: with a heap per thread, most of what the
/// server held was pages it barely used, while the list pages serve as many
/// requests without them (`bench/README.md`). Linux only; elsewhere, and on
/// a kernel that refuses, nothing changes.
pub fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE sets a flag of this process and reads no
    // memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn the_process_holds_no_huge_pages_once_asked() {
        super::without_huge_pages();
        // SAFETY: PR_GET_THP_DISABLE only reads the process's flag.
        let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(disabled, 1);
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        assert!(status.contains("THP_enabled:\t0"), "{status}");
    }
}
