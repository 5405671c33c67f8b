"""Plain Python domain: enums, rules, text folding and indicator maths. No Qt, no SQL."""
