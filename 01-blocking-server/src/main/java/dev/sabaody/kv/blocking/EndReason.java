package dev.sabaody.kv.blocking;

/**
 * Why a connection ended. A TCP connection can end in more ways than "the client said QUIT", and the
 * server must survive every one of them without leaking the thread or the socket it held.
 */
public enum EndReason {
    /** The client sent QUIT and got its BYE. */
    QUIT,
    /** The client closed (FIN) between two lines: an orderly goodbye, or a half-close after its last request. */
    CLIENT_CLOSED,
    /** The client closed (FIN) in the middle of a line: the partial request is dropped, never executed. */
    CLIENT_CLOSED_MID_LINE,
    /** The connection was reset (RST): the peer crashed, was killed, or closed with unread data. */
    RESET,
    /** The client sent more than the line limit without a newline: it got an error and was closed. */
    LINE_TOO_LONG,
    /** The server is stopping. */
    SERVER_STOPPED,
    /** No thread could take the connection (module 02's full pool): it got an error and was closed. */
    REJECTED,
    /** A bug in the server while serving this client: logged, this connection closed, the others carry on. */
    SERVER_ERROR
}
