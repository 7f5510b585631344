using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Course.Architecture.Tests;

/// <summary>One reason namespace <see cref="From"/> depends on <see cref="To"/>: a type of one uses a type of the other.</summary>
public sealed record TypeUse(string From, string To, string FromType, string ToType);

/// <summary>
/// The namespace dependencies inside one compiled assembly, read from its metadata and IL: base types, interfaces,
/// field, method, property and local signatures, attributes, and every type, method or field token in method bodies
/// (so a fully qualified <c>Plots.Charts.X()</c> counts as much as a <c>using</c>). Nested and compiler-generated
/// types (lambdas, iterators, async state machines) count for the namespace of the type they sit in; references to
/// other assemblies are not dependencies between this assembly's namespaces.
/// </summary>
public sealed class NamespaceDependencies
{
    private readonly MetadataReader reader;
    private readonly HashSet<TypeUse> uses = [];

    private NamespaceDependencies(MetadataReader reader) => this.reader = reader;

    /// <summary>Every (namespace, namespace) use between distinct namespaces, with the types that make it.</summary>
    public IReadOnlyCollection<TypeUse> Uses => uses;

    /// <summary>The namespaces of the assembly's own (non-generated) top-level types.</summary>
    public IReadOnlySet<string> Namespaces { get; private set; } = new HashSet<string>();

    public static NamespaceDependencies Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        return Read(stream);
    }

    public static NamespaceDependencies Read(Stream assembly)
    {
        using var pe = new PEReader(assembly);
        if (!pe.HasMetadata) throw new BadImageFormatException("The file has no .NET metadata.");
        var dependencies = new NamespaceDependencies(pe.GetMetadataReader());
        dependencies.Scan(pe);
        return dependencies;
    }

    private void Scan(PEReader pe)
    {
        var namespaces = new HashSet<string>();
        foreach (var handle in reader.TypeDefinitions)
        {
            if (Owner(handle) is not { } owner) continue;
            namespaces.Add(owner.Namespace);
            var type = reader.GetTypeDefinition(handle);
            var context = new Context(this, owner);
            context.Add(type.BaseType);
            foreach (var i in type.GetInterfaceImplementations()) context.Add(reader.GetInterfaceImplementation(i).Interface);
            context.AddAttributes(type.GetCustomAttributes());
            foreach (var p in type.GetGenericParameters()) context.AddConstraints(p);
            foreach (var f in type.GetFields())
            {
                var field = reader.GetFieldDefinition(f);
                context.AddTypes(field.DecodeSignature(SignatureTypes.Instance, null));
                context.AddAttributes(field.GetCustomAttributes());
            }
            foreach (var p in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(p);
                context.AddSignature(property.DecodeSignature(SignatureTypes.Instance, null));
                context.AddAttributes(property.GetCustomAttributes());
            }
            foreach (var e in type.GetEvents()) context.Add(reader.GetEventDefinition(e).Type);
            foreach (var m in type.GetMethodImplementations()) context.Add(reader.GetMethodImplementation(m).MethodDeclaration);
            foreach (var m in type.GetMethods()) ScanMethod(pe, context, reader.GetMethodDefinition(m));
        }
        Namespaces = namespaces;
    }

    private void ScanMethod(PEReader pe, Context context, MethodDefinition method)
    {
        context.AddSignature(method.DecodeSignature(SignatureTypes.Instance, null));
        context.AddAttributes(method.GetCustomAttributes());
        foreach (var p in method.GetParameters()) context.AddAttributes(reader.GetParameter(p).GetCustomAttributes());
        foreach (var p in method.GetGenericParameters()) context.AddConstraints(p);
        if (method.RelativeVirtualAddress == 0) return;
        var body = pe.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
            foreach (var local in reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(SignatureTypes.Instance, null)) context.AddTypes(local);
        foreach (var token in IlTokens.Of(body.GetILBytes() ?? []))
            context.Add(MetadataTokens.EntityHandle(token));
    }

    /// <summary>The top-level type a type definition belongs to (itself, or the type it is nested in); null for generated top-level types.</summary>
    private (string Namespace, string Name)? Owner(TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer) type = reader.GetTypeDefinition(outer);
        string name = reader.GetString(type.Name);
        // <Module>, <PrivateImplementationDetails>, anonymous types: shared by every namespace, owned by none.
        if (name.StartsWith('<')) return null;
        return (reader.GetString(type.Namespace), name);
    }

    private static string Qualified((string Namespace, string Name) t) => t.Namespace.Length == 0 ? t.Name : $"{t.Namespace}.{t.Name}";

    /// <summary>Collects what the members of one top-level type use.</summary>
    private sealed class Context(NamespaceDependencies owner, (string Namespace, string Name) from)
    {
        private MetadataReader Reader => owner.reader;

        public void AddTypes(IEnumerable<TypeDefinitionHandle> types)
        {
            foreach (var t in types)
            {
                if (owner.Owner(t) is not { } to || to.Namespace == from.Namespace) continue;
                owner.uses.Add(new TypeUse(from.Namespace, to.Namespace, Qualified(from), Qualified(to)));
            }
        }

        public void AddSignature(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature)
        {
            AddTypes(signature.ReturnType);
            foreach (var p in signature.ParameterTypes) AddTypes(p);
        }

        public void AddAttributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes) Add(Reader.GetCustomAttribute(a).Constructor);
        }

        public void AddConstraints(GenericParameterHandle parameter)
        {
            foreach (var c in Reader.GetGenericParameter(parameter).GetConstraints()) Add(Reader.GetGenericParameterConstraint(c).Type);
        }

        /// <summary>A type, method, field or signature token of metadata or IL.</summary>
        public void Add(EntityHandle handle)
        {
            if (handle.IsNil) return;
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    AddTypes([(TypeDefinitionHandle)handle]);
                    break;
                case HandleKind.TypeSpecification:
                    AddTypes(Reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(SignatureTypes.Instance, null));
                    break;
                case HandleKind.MethodDefinition:
                    AddTypes([Reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()]);
                    break;
                case HandleKind.FieldDefinition:
                    AddTypes([Reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()]);
                    break;
                case HandleKind.MemberReference:
                    var member = Reader.GetMemberReference((MemberReferenceHandle)handle);
                    Add(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method) AddSignature(member.DecodeMethodSignature(SignatureTypes.Instance, null));
                    else AddTypes(member.DecodeFieldSignature(SignatureTypes.Instance, null));
                    break;
                case HandleKind.MethodSpecification:
                    var specification = Reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Add(specification.Method);
                    foreach (var argument in specification.DecodeSignature(SignatureTypes.Instance, null)) AddTypes(argument);
                    break;
                case HandleKind.StandaloneSignature:
                    var signature = Reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method) AddSignature(signature.DecodeMethodSignature(SignatureTypes.Instance, null));
                    break;
                // TypeReference: a type of another assembly. Strings and the rest carry no types.
            }
        }
    }
}
