// Runs every *.rq file of a folder over a TDB2 database with the union default graph (as Fuseki's
// tdb2:unionDefaultGraph does), one JVM for all of them: each result as SPARQL JSON next to its query
// (NAME.json), or the parser's/engine's message (NAME.err). Started by tests/engines.py as
// `java -cp JENA RunQueries.java DB DIR` (Java's single-file launch: no build step).
import java.io.*;
import java.nio.file.*;
import org.apache.jena.query.*;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.*;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.tdb2.TDB2Factory;

public class RunQueries {
    public static void main(String[] args) throws Exception {
        Dataset dataset = TDB2Factory.connectDataset(args[0]);
        File[] files = new File(args[1]).listFiles((d, n) -> n.endsWith(".rq"));
        java.util.Arrays.sort(files);
        for (File file : files) {
            String name = file.getName().replaceAll("\\.rq$", "");
            Path out = Paths.get(args[1], name + ".json"), err = Paths.get(args[1], name + ".err");
            dataset.begin(ReadWrite.READ);
            try (OutputStream stream = Files.newOutputStream(out)) {
                Query query = QueryFactory.create(Files.readString(file.toPath()), Syntax.syntaxSPARQL_11);
                try (QueryExecution exec = QueryExecution.dataset(dataset).query(query)
                        .set(TDB2.symUnionDefaultGraph, true).build()) {
                    if (query.isSelectType()) {
                        ResultSetFormatter.outputAsJSON(stream, exec.execSelect());
                    } else if (query.isAskType()) {
                        ResultSetFormatter.outputAsJSON(stream, exec.execAsk());
                    } else {
                        RDFDataMgr.write(stream, exec.execConstruct(), Lang.NTRIPLES);
                    }
                }
            } catch (Exception e) {
                Files.deleteIfExists(out);
                Files.writeString(err, e.getClass().getSimpleName() + ": " + e.getMessage());
            } finally {
                dataset.end();
            }
        }
    }
}
