package io.inkstone.brief;

/** A length target: "3000字" is (3000, CHARACTERS), "800 words" is (800, WORDS). */
public record Length(int value, LengthUnit unit) {
    public Length {
        if (value <= 0) throw new IllegalArgumentException("length must be positive, got " + value);
    }

    @Override
    public String toString() {
        return unit == LengthUnit.CHARACTERS ? value + "字" : value + " words";
    }
}
