---------------------------- MODULE MCKVStoreSym ----------------------------
(***************************************************************************)
(* KVStore with symmetry reduction, for TLC and the embedded explorer.    *)
(* Transactions (and keys) are interchangeable model values: permuting    *)
(* them maps behaviours to behaviours, so TLC may keep one state of each  *)
(* orbit.  The reduced graph is a quotient, not a set of behaviours:      *)
(* `tlabridge generate` maps its paths back to concrete behaviours.       *)
(* It lives beside specs/kvstore, not in it, as `generate` takes a dump's *)
(* spec to be the only .tla beside it: give that folder as a library:     *)
(*   tlabridge explore MCKVStoreSym.tla --config KVStore-sym.cfg          *)
(*     --lib ../kvstore                                                    *)
(*   java -DTLA-Library=../kvstore -cp tla2tools.jar tlc2.TLC             *)
(*     -config KVStore-sym.cfg MCKVStoreSym                               *)
(***************************************************************************)
EXTENDS KVStore, TLC

\* Permuting the transactions: KVStore-sym.cfg.
TxnPerms == Permutations(Txns)

\* Permuting the transactions and, independently, the keys.
Perms == Permutations(Txns) \cup Permutations(Keys)
=============================================================================
