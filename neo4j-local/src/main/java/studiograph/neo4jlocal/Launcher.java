package studiograph.neo4jlocal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Starts an embedded Neo4j DBMS with a Bolt connector on 127.0.0.1 and blocks.
 *
 * Usage: Launcher [dataDir] [port]
 *   (falls back to env NEO4J_LOCAL_DATA / NEO4J_LOCAL_PORT / NEO4J_LOCAL_PAGECACHE)
 * Prints exactly one line "READY bolt://127.0.0.1:PORT" on stdout when usable.
 */
public final class Launcher {
    public static void main(String[] args) throws Exception {
        String data = args.length > 0 ? args[0] : env("NEO4J_LOCAL_DATA", null);
        String portStr = args.length > 1 ? args[1] : env("NEO4J_LOCAL_PORT", "7687");
        if (data == null) {
            System.err.println("usage: Launcher <dataDir> [port]");
            System.exit(2);
        }
        int port = Integer.parseInt(portStr);
        long pageCache = parseBytes(env("NEO4J_LOCAL_PAGECACHE", "512m"));

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(Path.of(data).toAbsolutePath())
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ZERO) // default: no timeout
                // Internal: skip Netty's 5 s "quiet period" on shutdown (stop takes ~1-2 s instead of ~7 s).
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "neo4j-local-shutdown"));

        // Make sure the default database is really online before announcing READY.
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(120_000)) {
            System.err.println("default database did not become available");
            System.exit(1);
        }
        db.executeTransactionally("RETURN 1");

        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await(); // block until the shutdown hook has run
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    /** "512m" / "1g" / "1048576" -> bytes. */
    private static long parseBytes(String s) {
        s = s.trim().toLowerCase();
        long mult = 1;
        char last = s.charAt(s.length() - 1);
        if (last == 'k') mult = 1L << 10;
        else if (last == 'm') mult = 1L << 20;
        else if (last == 'g') mult = 1L << 30;
        if (mult != 1) s = s.substring(0, s.length() - 1);
        return Long.parseLong(s) * mult;
    }
}
