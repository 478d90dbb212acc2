---- MODULE Printing ----
\* Print, PrintT, Assert, ToString and strings.
EXTENDS Naturals, Sequences, TLC
VARIABLE s
Init == s = ""
Len2(t) == IF t = "" THEN 0 ELSE IF t = "1" THEN 1 ELSE IF t = "11" THEN 2 ELSE 3
Next == /\ Len2(s) < 3
        /\ PrintT("step")
        /\ Assert(s # "xxxx", "too long")
        /\ s' = s \o ToString(1)
====
