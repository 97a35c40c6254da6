// CodeNarc rules for the shared library (vars/, src/) and every Jenkinsfile.
// The Jenkins rule set catches what breaks under CPS (non-serializable state kept across steps, steps called from
// @NonCPS methods, closures in GStrings, toString/equals/hashCode without @NonCPS); the rest is general hygiene,
// with the exclusions saying why.
ruleset {
    description 'OTA Release shared library and Jenkinsfiles'

    // the Jenkins rules look at files named Jenkinsfile unless told otherwise; a library is *.groovy too
    ruleset('rulesets/jenkins.xml') {
        'ClassNotSerializable' applyToFileNames: '*.groovy,Jenkinsfile'
        'ClosureInGString' applyToFileNames: '*.groovy,Jenkinsfile'
        'CpsCallFromNonCpsMethod' applyToFileNames: '*.groovy,Jenkinsfile', cpsScriptVariableName: 'steps',
                cpsPackages: ['io.otarelease.pipeline']
        'ExpressionInCpsMethodNotSerializable' applyToFileNames: '*.groovy,Jenkinsfile'
        'ForbiddenCallInCpsMethod' applyToFileNames: '*.groovy,Jenkinsfile'
        'ObjectOverrideOnlyNonCpsMethods' applyToFileNames: '*.groovy,Jenkinsfile'
        'ParameterOrReturnTypeNotSerializable' applyToFileNames: '*.groovy,Jenkinsfile'
    }
    ruleset('rulesets/basic.xml')
    ruleset('rulesets/braces.xml')
    ruleset('rulesets/concurrency.xml')
    ruleset('rulesets/exceptions.xml') {
        // a pipeline rethrows whatever a step threw after notifying; Jenkins' own exceptions are not ours to name
        exclude 'CatchException'
        exclude 'CatchThrowable'
    }
    ruleset('rulesets/imports.xml') {
        exclude 'NoWildcardImports'
    }
    ruleset('rulesets/security.xml') {
        // pipeline code is not a library of Java classes others extend
        exclude 'JavaIoPackageAccess'
        exclude 'NonFinalPublicField'
        exclude 'PublicFinalizeMethod'
        exclude 'ObjectFinalize'
        exclude 'UnsafeImplementationAsMap'
    }
    ruleset('rulesets/serialization.xml')
    ruleset('rulesets/unused.xml') {
        'UnusedVariable' ignoreVariableNames: '_'      // @Library('...') _
    }
    ruleset('rulesets/groovyism.xml') {
        // the explicit forms read better in pipeline code and behave the same under CPS
        exclude 'ExplicitCallToGetAtMethod'
    }
    ruleset('rulesets/naming.xml') {
        exclude 'FactoryMethodName'
        exclude 'ConfusingMethodName'
        exclude 'PropertyName'       // SCREAMING_CASE constants are Groovy properties when declared without 'private'
        'VariableName' ignoreVariableNames: '_'
    }
    ruleset('rulesets/size.xml') {
        // GMetrics-based metrics are noisy on scripts; the sizes below are what matters for reading
        exclude 'AbcMetric'
        exclude 'CrapMetric'
        exclude 'CyclomaticComplexity'
        exclude 'NestedBlockDepth'
        'MethodSize' maxLines: 80
        'ClassSize' maxLines: 400
        'ParameterCount' maxParameters: 6
    }
    ruleset('rulesets/formatting.xml') {
        exclude 'ClassJavadoc'
        exclude 'SpaceAroundMapEntryColon'
        exclude 'ClosureStatementOnOpeningLineOfMultipleLineClosure'
        exclude 'SpaceAfterMethodCallName'
        exclude 'Indentation'        // continuation lines of long maps are aligned by hand
        exclude 'BlockEndsWithBlankLine'
        exclude 'BlockStartsWithBlankLine'
        exclude 'FileEndsWithoutNewline'
        exclude 'ClassEndsWithBlankLine'
        exclude 'ClassStartsWithBlankLine'
        'LineLength' length: 140
    }
    ruleset('rulesets/unnecessary.xml') {
        exclude 'UnnecessaryGetter'
        exclude 'UnnecessaryReturnKeyword'
        exclude 'UnnecessaryGString'
        exclude 'UnnecessarySemicolon'
        exclude 'UnnecessaryObjectReferences'
        exclude 'UnnecessaryCast'
        exclude 'UnnecessaryPublicModifier'
        exclude 'UnnecessaryToString'  // GString → String before it reaches a step or an exception, on purpose
        exclude 'UnnecessaryDotClass'
        exclude 'UnnecessarySubstring'
    }
    ruleset('rulesets/convention.xml') {
        exclude 'CompileStatic'         // CPS code cannot be @CompileStatic
        exclude 'NoDef'                 // pipeline steps and Jenkinsfiles are def-typed by nature
        exclude 'MethodReturnTypeRequired'
        exclude 'VariableTypeRequired'
        exclude 'MethodParameterTypeRequired'
        exclude 'FieldTypeRequired'
        exclude 'TrailingComma'
        exclude 'ImplicitClosureParameter'
        exclude 'ImplicitReturnStatement'
        exclude 'NoJavaUtilDate'
        exclude 'StaticMethodsBeforeInstanceMethods'
        exclude 'PublicMethodsBeforeNonPublicMethods'
        exclude 'IfStatementCouldBeTernary'
        exclude 'CouldBeElvis'
        exclude 'CouldBeSwitchStatement'
        exclude 'InvertedCondition'
        exclude 'NoTabCharacter'
    }
}
