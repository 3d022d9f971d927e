//! `--shard K/N`: a stable partition of a corpus by a hash of each input's relative path, so the
//! N jobs of a Slurm or Kubernetes array each clean a disjoint part and together clean it all.

use sha2::{Digest, Sha256};

/// Shard `index` of `count` (0 ≤ index < count).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Parses `K/N`.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let bad = || format!("--shard takes K/N with 0 <= K < N (such as 0/3), not {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Whether the input at `source` (its path relative to its input root) is in this shard.
    /// The hash is sha256's first 8 bytes: the same on every machine and in every version.
    pub fn holds(&self, source: &str) -> bool {
        let digest = Sha256::digest(source.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % self.count == self.index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_is_in_exactly_one_shard() {
        let shards: Vec<Shard> = (0..3).map(|k| Shard { index: k, count: 3 }).collect();
        let mut sizes = [0usize; 3];
        for i in 0..300 {
            let source = format!("folder/page-{i}.html");
            let holders: Vec<usize> = (0..3).filter(|&k| shards[k].holds(&source)).collect();
            assert_eq!(holders.len(), 1, "{source}");
            sizes[holders[0]] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 60), "{sizes:?}");
    }

    #[test]
    fn bad_shards_are_refused() {
        assert_eq!(Shard::parse("1/3"), Ok(Shard { index: 1, count: 3 }));
        for bad in ["3/3", "1", "a/3", "0/0", "-1/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }
}
