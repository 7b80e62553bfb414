package dev.sabaody.kv.data.zsets;

/**
 * An interval of a sorted set's order, by score ({@link ScoreRange}) or by member ({@link LexRange}):
 * what the skip list's range walks need, so one walk serves ZRANGEBYSCORE and ZRANGEBYLEX, ZCOUNT and
 * ZLEXCOUNT, ZREMRANGEBYSCORE and ZREMRANGEBYLEX (Redis writes each twice: zslFirstInRange and
 * zslFirstInLexRange).
 */
public interface NodeRange {

    /** Whether no node can be inside (min above max, or equal with an exclusive end). */
    boolean isEmpty();

    /** Whether {@code node} is at or past the lower end. */
    boolean aboveMin(SkipList.Node node);

    /** Whether {@code node} is at or before the upper end. */
    boolean belowMax(SkipList.Node node);
}
