// The OWL API 5 profile check and three OWL 2 DL reasoners (HermiT, Openllet, JFact) on RDF
// documents, for tests/service/test_owl_reasoners.py. Run as a single-file source program with
// the jars that scripts/setup-reasoners.sh puts in .cache/owl-reasoners/jars/:
//
//   java -cp '.cache/owl-reasoners/jars/*' tests/support/owl/OwlCheck.java \
//       [--instances CLASS-IRI]... [--values PROPERTY-IRI]... NAME=FILE[,FILE]...
//
// Each NAME=FILE,FILE,... is one check: the files are read in order into one OWL API manager
// (so a later file's owl:imports of an earlier file's ontology IRI resolves to that file, with
// no network; an import that does not resolve is an error), and the last file's ontology with its
// imports closure is checked against the
// OWL 2 DL profile and given to each reasoner: is it consistent, which classes are
// unsatisfiable, how many individuals each --instances class has and how many values each
// --values object property has (inferred, not only stated). A reasoner that refuses the input
// reports its error instead. The result is one JSON object on standard output.

import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLNamedIndividual;
import org.semanticweb.owlapi.model.OWLObjectProperty;
import org.semanticweb.owlapi.model.OWLObjectPropertyDomainAxiom;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.model.parameters.Imports;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.reasoner.OWLReasoner;
import org.semanticweb.owlapi.reasoner.OWLReasonerFactory;

public class OwlCheck {

    static final Map<String, Supplier<OWLReasonerFactory>> REASONERS = new LinkedHashMap<>();

    static {
        REASONERS.put("HermiT", org.semanticweb.HermiT.ReasonerFactory::new);
        REASONERS.put("Openllet", openllet.owlapi.OpenlletReasonerFactory::getInstance);
        REASONERS.put("JFact", uk.ac.manchester.cs.jfact.JFactFactory::new);
    }

    public static void main(String[] args) throws Exception {
        List<String> classes = new ArrayList<>();
        List<String> properties = new ArrayList<>();
        Map<String, List<File>> checks = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--instances") && i + 1 < args.length) {
                classes.add(args[++i]);
            } else if (args[i].equals("--values") && i + 1 < args.length) {
                properties.add(args[++i]);
            } else if (args[i].contains("=")) {
                String[] parts = args[i].split("=", 2);
                List<File> files = new ArrayList<>();
                for (String path : parts[1].split(",")) {
                    File file = new File(path);
                    if (!file.isFile()) {
                        throw new IllegalArgumentException("check " + parts[0] + ": no file " + path);
                    }
                    files.add(file);
                }
                checks.put(parts[0], files);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --instances IRI, --values IRI or NAME=FILE[,FILE]...)");
            }
        }
        StringBuilder out = new StringBuilder("{\"checks\":{");
        String separator = "";
        for (Map.Entry<String, List<File>> check : checks.entrySet()) {
            out.append(separator).append(json(check.getKey())).append(':');
            out.append(check(check.getValue(), classes, properties));
            separator = ",";
        }
        System.out.println(out.append("}}"));
    }

    static String check(List<File> files, List<String> classes, List<String> properties)
            throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.THROW_EXCEPTION)
                .setFollowRedirects(false);
        OWLOntology ontology = null;
        for (File file : files) {
            ontology = manager.loadOntologyFromOntologyDocument(new FileDocumentSource(file), config);
        }
        StringBuilder out = new StringBuilder("{");
        out.append("\"axioms\":").append(ontology.getAxiomCount(Imports.INCLUDED));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        out.append(",\"violations\":[");
        String separator = "";
        for (OWLProfileViolation violation : report.getViolations()) {
            out.append(separator).append("{\"kind\":").append(json(violation.getClass().getSimpleName()))
                    .append(",\"text\":").append(json(violation.toString())).append('}');
            separator = ",";
        }
        out.append("],\"reasoners\":{");
        separator = "";
        for (Map.Entry<String, Supplier<OWLReasonerFactory>> entry : REASONERS.entrySet()) {
            out.append(separator).append(json(entry.getKey())).append(':');
            out.append(reason(entry.getValue().get(), ontology, classes, properties));
            separator = ",";
        }
        return out.append("}}").toString();
    }

    static String reason(OWLReasonerFactory factory, OWLOntology ontology, List<String> classes,
            List<String> properties) {
        long started = System.nanoTime();
        StringBuilder out = new StringBuilder("{");
        OWLReasoner reasoner = null;
        try {
            reasoner = factory.createNonBufferingReasoner(ontology);
            boolean consistent = reasoner.isConsistent();
            out.append("\"consistent\":").append(consistent);
            if (consistent) {
                OWLDataFactory data = ontology.getOWLOntologyManager().getOWLDataFactory();
                List<String> unsatisfiable = reasoner.getUnsatisfiableClasses()
                        .getEntitiesMinusBottom().stream().map(c -> c.getIRI().toString()).sorted()
                        .collect(Collectors.toList());
                out.append(",\"unsatisfiable\":").append(jsonList(unsatisfiable));
                out.append(",\"instances\":{");
                String separator = "";
                for (String iri : classes) {
                    long count = reasoner.getInstances(data.getOWLClass(IRI.create(iri)), false)
                            .entities().count();
                    out.append(separator).append(json(iri)).append(':').append(count);
                    separator = ",";
                }
                out.append("},\"values\":{");
                separator = "";
                for (String iri : properties) {
                    OWLObjectProperty property = data.getOWLObjectProperty(IRI.create(iri));
                    long count = 0;
                    for (OWLNamedIndividual individual : subjects(reasoner, ontology, property)) {
                        count += reasoner.getObjectPropertyValues(individual, property).entities()
                                .count();
                    }
                    out.append(separator).append(json(iri)).append(':').append(count);
                    separator = ",";
                }
                out.append('}');
            }
        } catch (Exception | Error failure) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append("\"error\":").append(json(failure.getClass().getName() + ": " + failure.getMessage()));
        } finally {
            if (reasoner != null) {
                reasoner.dispose();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (out.length() > 1) {
            out.append(',');
        }
        return out.append("\"seconds\":").append(String.format(java.util.Locale.ROOT, "%.2f", seconds)).append('}').toString();
    }

    /** The individuals that can have a value of the property: the instances of its stated
     * domains (every other individual has none, by the domain axiom), or all individuals when it
     * has no stated domain. Asking only these keeps JFact, which answers each individual on its
     * own, to seconds. */
    static Set<OWLNamedIndividual> subjects(OWLReasoner reasoner, OWLOntology ontology,
            OWLObjectProperty property) {
        List<OWLClassExpression> domains = ontology.importsClosure()
                .flatMap(o -> o.objectPropertyDomainAxioms(property))
                .map(OWLObjectPropertyDomainAxiom::getDomain).collect(Collectors.toList());
        if (domains.isEmpty()) {
            return ontology.individualsInSignature(Imports.INCLUDED).collect(Collectors.toSet());
        }
        Set<OWLNamedIndividual> subjects = new HashSet<>();
        for (OWLClassExpression domain : domains) {
            reasoner.getInstances(domain, false).entities().forEach(subjects::add);
        }
        return subjects;
    }

    static String jsonList(List<String> values) {
        return values.stream().map(OwlCheck::json).collect(Collectors.joining(",", "[", "]"));
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : String.valueOf(text).toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {  // ASCII out, whatever the locale's encoding
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
