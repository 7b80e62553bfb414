package dev.sabaody.kv.resp;

/**
 * Where a Pub/Sub command's channels are, as an ACL's channel patterns ({@code &orders:*}) need to
 * know (Redis's getChannelsFromCommand, with CMD_CHANNEL_PUBLISH or CMD_CHANNEL_SUBSCRIBE):
 * PUBLISH names one channel at argument 1; SUBSCRIBE names channels from argument 1 on; PSUBSCRIBE
 * names patterns, which an ACL pattern must equal, not match. UNSUBSCRIBE names channels too, but
 * leaving a channel is never refused, so it declares none.
 *
 * @param first    the index of the first channel argument
 * @param single   whether only that one argument is a channel (PUBLISH's message follows it)
 * @param patterns whether the arguments are patterns (PSUBSCRIBE)
 */
public record ChannelArgs(int first, boolean single, boolean patterns) {

    /** PUBLISH channel message, SPUBLISH. */
    public static final ChannelArgs PUBLISH = new ChannelArgs(1, true, false);
    /** SUBSCRIBE channel..., SSUBSCRIBE. */
    public static final ChannelArgs SUBSCRIBE = new ChannelArgs(1, false, false);
    /** PSUBSCRIBE pattern... */
    public static final ChannelArgs PSUBSCRIBE = new ChannelArgs(1, false, true);
}
