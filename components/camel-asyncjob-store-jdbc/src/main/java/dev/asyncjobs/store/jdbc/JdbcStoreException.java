package dev.asyncjobs.store.jdbc;

/** A database operation of the JDBC job store failed; the message names the operation and the table. */
public class JdbcStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JdbcStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public JdbcStoreException(String message) {
        super(message);
    }
}
