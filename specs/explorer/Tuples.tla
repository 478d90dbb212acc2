---- MODULE Tuples ----
\* Tuples, \X, sequences as functions, DOMAIN of a sequence, @@ over tuples.
EXTENDS Naturals, Sequences, TLC
VARIABLE t
Init == t = <<0, 0>>
Next == \E p \in {1, 2} \X {1} :
          /\ t[p[1]] < 2
          /\ t' = [t EXCEPT ![p[1]] = @ + p[2]]
Inv == DOMAIN t = 1..2 /\ Len(t) = 2 /\ (1 :> t[1]) @@ t = t
====
